package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountId;
import org.junit.jupiter.api.Test;

class EntityNamingTest {
    private final EntityNaming naming = new EntityNaming("ctrader");

    @Test
    void accountIdsBecomeValidObjectIdParts() {
        assertThat(EntityNaming.objectIdPart("12345678")).isEqualTo("12345678");
        assertThat(EntityNaming.objectIdPart("Demo-Account")).isEqualTo("demo_account");
        assertThat(EntityNaming.objectIdPart("__a--b__")).isEqualTo("a_b");
        assertThat(EntityNaming.objectIdPart("Été")).isEqualTo("t");
        assertThat(EntityNaming.objectIdPart("--")).isEqualTo("x");
    }

    @Test
    void entityIdsAndEventNamesFollowThePrefix() {
        AccountId account = AccountId.of("Live-1");

        assertThat(naming.sensor(account, Figure.MARGIN_LEVEL)).isEqualTo("sensor.ctrader_live_1_margin_level");
        assertThat(naming.connectedBinarySensor(account)).isEqualTo("binary_sensor.ctrader_live_1_connected");
        assertThat(naming.event(AccountEvents.DEAL_CLOSED)).isEqualTo("ctrader_deal_closed");
    }
}
