package io.actiongate.keycloak.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actiongate.keycloak.connectors.RegistrationModes.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectorRegistrationTest {

    @ParameterizedTest(name = "MCP_REGISTRATION={0}: cimd {1}, dcr {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "cimd      | true  | false",
            "'cimd,dcr' | true | true",
            "' DCR , cimd ' | true | true",
            "dcr       | false | true",
            "off       | false | false",
            "null      | true  | false",
            "''        | true  | false",
    })
    void modes(String value, boolean cimd, boolean dcr) {
        RegistrationModes modes = RegistrationModes.parse(value);

        assertThat(modes.allows(Mode.CIMD)).isEqualTo(cimd);
        assertThat(modes.allows(Mode.DCR)).isEqualTo(dcr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "dcr,off", "cimd;dcr", "all", "dcr,,cimd"})
    void anUnknownModeStopsTheStartWithTheAcceptedValues(String value) {
        assertThatThrownBy(() -> RegistrationModes.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(value).hasMessageContaining("cimd, cimd,dcr, dcr or off");
    }

    /** The claimed name is the registrant's, so the consent page says so; it cannot smuggle message keys or markup lines. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "ChatGPT                 | ChatGPT",
            "null                    | An unnamed app",
            "'   '                   | An unnamed app",
            "'${loginTitle}'         | loginTitle",
            "'Chat\nGPT'             | ChatGPT",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…",
    })
    void theClaimedNameIsBoundedAndCannotSmuggleMessageKeysOrLines(String claimed, String shown) {
        assertThat(ConnectorClients.claimedName(claimed == null ? null : claimed.replace("\\n", "\n"))).isEqualTo(shown);
    }
}
