package io.cybernetcall.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LuaScriptTest {

  @Test
  void partsAreJoinedInOrderAndTheDigestIsTheScriptsSha1() throws Exception {
    LuaScript script = LuaScript.load("lua/platform/append-event.lua", "lua/test/echo.lua");

    assertThat(script.source())
        .startsWith("-- The event envelope")
        .contains("local function append_event(")
        .endsWith("return ARGV[1]\n\n");
    assertThat(script.source().indexOf("append_event"))
        .isLessThan(script.source().indexOf("return ARGV[1]"));
    assertThat(script.sha())
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-1")
                        .digest(script.source().getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aMissingScriptFailsAtLoadNotAtItsFirstCall() {
    assertThatThrownBy(() -> LuaScript.load("lua/test/absent.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Lua script lua/test/absent.lua is not on the class path");
  }
}
