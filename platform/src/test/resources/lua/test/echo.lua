-- A script for LuaScriptTest.
return ARGV[1]
