package io.actiongate.keycloak.scope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeToleranceExecutorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "client_id=a&scope=&state=x%2Fy               | client_id=a&state=x%2Fy&scope=openid%20offline_access",
            "scope=%20offline_access&redirect_uri=https%3A%2F%2Fchatgpt.com | redirect_uri=https%3A%2F%2Fchatgpt.com&scope=openid%20offline_access",
            "client_id=a&scope&scope=x                     | client_id=a&scope=openid%20offline_access",
            "scopes=keep&client_id=a                        | scopes=keep&client_id=a&scope=openid%20offline_access",
            "NULL                                           | scope=openid%20offline_access",
            // Encoded names are the same parameter to Keycloak: all replaced.
            "client_id=a&sc%6Fpe=phone&scope=x             | client_id=a&scope=openid%20offline_access",
            "%73%63%6f%70%65=phone&state=s                  | state=s&scope=openid%20offline_access",
            "sco+pe=keep&state=s                            | sco+pe=keep&state=s&scope=openid%20offline_access",
            // A name that does not decode is dropped rather than passed on.
            "client_id=a&%zz=1                              | client_id=a&scope=openid%20offline_access",
    })
    void replacesOnlyTheScopeParameter(String rawQuery, String expected) {
        assertThat(ScopeToleranceExecutor.withScope(rawQuery, "openid offline_access")).isEqualTo(expected);
    }
}
