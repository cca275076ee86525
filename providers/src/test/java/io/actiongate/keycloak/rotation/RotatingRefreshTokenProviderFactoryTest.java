package io.actiongate.keycloak.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RotatingRefreshTokenProviderFactoryTest {

    @Test
    void theGraceWindowIsWholeSecondsWithADefault() {
        assertThat(RotatingRefreshTokenProviderFactory.parseGrace(null)).isEqualTo(120);
        assertThat(RotatingRefreshTokenProviderFactory.parseGrace(" ")).isEqualTo(120);
        assertThat(RotatingRefreshTokenProviderFactory.parseGrace("1")).isEqualTo(1);
        assertThat(RotatingRefreshTokenProviderFactory.parseGrace(" 45 ")).isEqualTo(45);
        assertThat(RotatingRefreshTokenProviderFactory.parseGrace("86400")).isEqualTo(86_400);
    }

    @Test
    void anythingElseStopsTheStartNamingTheSetting() {
        for (String bad : new String[] {"-1", "0", "86401", "2m", "120s", "1.5", "abc", "99999999999999999999"}) {
            assertThatThrownBy(() -> RotatingRefreshTokenProviderFactory.parseGrace(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REFRESH_REUSE_GRACE")
                    .hasMessageContaining(bad);
        }
    }
}
