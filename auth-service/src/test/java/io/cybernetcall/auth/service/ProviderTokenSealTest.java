package io.cybernetcall.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProviderTokenSealTest {

  private static final String TOKEN = "eyJhbGciOiJIUzUxMiJ9.provider-refresh-token.signature";
  private final ProviderTokenSeal seal =
      new ProviderTokenSeal("a client secret of at least 32 chars");

  @Test
  void aSealedTokenOpensForItsSessionAndShowsNothingOfItself() throws GeneralSecurityException {
    UUID session = UUID.randomUUID();
    byte[] sealed = seal.seal(TOKEN, session);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("provider-refresh");
    assertThat(seal.open(sealed, session)).isEqualTo(TOKEN);
    // A fresh nonce each time: the same token never seals to the same bytes.
    assertThat(seal.seal(TOKEN, session)).isNotEqualTo(sealed);
  }

  @Test
  void itOpensForNoOtherSessionNoOtherKeyAndNoAlteredBytes() {
    UUID session = UUID.randomUUID();
    byte[] sealed = seal.seal(TOKEN, session);
    assertThatThrownBy(() -> seal.open(sealed, UUID.randomUUID()))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(
            () -> new ProviderTokenSeal("another secret entirely, 32+ chars").open(sealed, session))
        .isInstanceOf(GeneralSecurityException.class);
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> seal.open(sealed, session))
        .isInstanceOf(GeneralSecurityException.class);
  }
}
