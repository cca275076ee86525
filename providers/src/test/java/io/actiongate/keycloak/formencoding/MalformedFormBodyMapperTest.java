package io.actiongate.keycloak.formencoding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MalformedFormBodyMapperTest {

    @Test
    void onlyTheFormParsersDecodingFailureIsAnsweredHere() {
        IllegalArgumentException fromParser = new IllegalArgumentException("Failed to decode URL %zz to ISO-8859-1");
        fromParser.setStackTrace(new StackTraceElement[]{
                new StackTraceElement("org.jboss.resteasy.reactive.common.util.URLUtils", "decode", null, 155),
                new StackTraceElement("org.jboss.resteasy.reactive.server.core.multipart.FormEncodedDataDefinition$FormEncodedDataParser",
                        "decodeParameterValue", null, 208)});
        // The same message from anywhere else is Keycloak's to answer (a server error stays a server error).
        IllegalArgumentException elsewhere = new IllegalArgumentException("Failed to decode URL %zz to ISO-8859-1");
        elsewhere.setStackTrace(new StackTraceElement[]{
                new StackTraceElement("org.keycloak.services.Something", "run", null, 1)});

        assertThat(MalformedFormBodyMapper.isFormDecodingFailure(fromParser)).isTrue();
        assertThat(MalformedFormBodyMapper.isFormDecodingFailure(elsewhere)).isFalse();
        assertThat(MalformedFormBodyMapper.isFormDecodingFailure(new IllegalArgumentException("thrown right here"))).isFalse();
    }
}
