-- Reads a user's kept frames after a sequence number, with the numbers that say what is missing.
-- KEYS: inbox, sequence. ARGV: after, limit.
-- Returns {last seq, oldest kept seq (0 when nothing is kept), frames after `after`...}.
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local oldest = 0
if #first > 0 then oldest = tonumber(string.match(first[1][1], '^(%d+)')) end
local result = {last, oldest}
local from = (tonumber(ARGV[1]) + 1) .. '-0'
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], from, '+', 'COUNT', ARGV[2])) do
  result[#result + 1] = entry[2][2]
end
return result
