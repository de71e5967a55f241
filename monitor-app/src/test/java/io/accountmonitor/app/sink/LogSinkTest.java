package io.accountmonitor.app.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogSinkTest {
    @Test
    void updateIsOneReadableLine() {
        AccountUpdate update = new AccountUpdate("main", SinkFixtures.snapshot("10000.00", List.of(SinkFixtures.position("501"))),
                SinkFixtures.snapshot("10013.40", List.of(SinkFixtures.position("502"))), List.of(SinkFixtures.closingDeal("9001")));

        String line = LogSink.format(update);

        assertThat(line).isEqualTo("main/1001: balance 10013.40 USD, equity 10025.90, margin used 36.15,"
                + " free 9989.75, level 27735.82%, unrealized +12.50, 1 open position(s)"
                + " | opened BUY 1000.00 EURUSD #502; closed position #501 EURUSD; deal 9001 closed EURUSD +13.40 USD");
        assertThat(line).doesNotContain("\n");
    }
}
