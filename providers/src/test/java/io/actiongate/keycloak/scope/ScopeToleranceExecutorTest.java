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
    })
    void replacesOnlyTheScopeParameter(String rawQuery, String expected) {
        assertThat(ScopeToleranceExecutor.withScope(rawQuery, "openid offline_access")).isEqualTo(expected);
    }
}
