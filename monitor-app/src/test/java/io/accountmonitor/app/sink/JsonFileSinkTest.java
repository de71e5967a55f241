package io.accountmonitor.app.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.StateSink;
import io.accountmonitor.scheduler.virtual.VirtualHostContext;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileSinkTest {
    @TempDir
    Path directory;

    private final VirtualTime time = new VirtualTime();
    private final VirtualHostContext context = VirtualHostContext.builder(time).build();

    @Test
    void writesLatestStateAfterWriteInterval() throws Exception {
        Path file = directory.resolve("state.json");
        StateSink sink = new JsonFileSinkPlugin().create("file", new JsonFileSinkPlugin.Settings(file, null, null), context);
        sink.start();

        sink.publish(new AccountUpdate("main", null, SinkFixtures.snapshot("10000.00", List.of()), List.of()));
        sink.publish(new AccountUpdate("main", null, SinkFixtures.snapshot("10013.40", List.of(SinkFixtures.position("502"))),
                List.of(SinkFixtures.closingDeal("9001"))));
        sink.linkChanged("main", AccountId.of("1001"), new LinkStatus(LinkState.UP, "", SinkFixtures.T));
        assertThat(Files.exists(file)).isFalse();
        time.advance(Duration.ofSeconds(1));

        JsonNode document = new ObjectMapper().readTree(file.toFile());
        JsonNode account = document.get("accounts").get("main/1001");
        assertThat(account.get("balance").decimalValue()).isEqualByComparingTo("10013.40");
        assertThat(account.get("link").asText()).isEqualTo("UP");
        assertThat(account.get("positions")).hasSize(1);
        assertThat(document.get("recentDeals").get(0).get("dealId").asText()).isEqualTo("9001");
        assertThat(Files.list(directory)).containsExactly(file);
    }

    @Test
    void moneyIsWrittenAsPlainDecimal() throws Exception {
        Path file = directory.resolve("state.json");
        StateSink sink = new JsonFileSinkPlugin().create("file", new JsonFileSinkPlugin.Settings(file, null, null), context);

        sink.publish(new AccountUpdate("main", null, SinkFixtures.snapshot("0E-8", List.of()), List.of()));
        sink.close();

        assertThat(Files.readString(file)).contains("\"balance\" : 0.00000000,").doesNotContain("E-8");
    }

    @Test
    void closeWritesPendingState() throws Exception {
        Path file = directory.resolve("state.json");
        StateSink sink = new JsonFileSinkPlugin().create("file", new JsonFileSinkPlugin.Settings(file, Duration.ofMinutes(5), 1),
                context);

        sink.publish(new AccountUpdate("main", null, SinkFixtures.snapshot("10000.00", List.of()), List.of()));
        sink.close();

        assertThat(new ObjectMapper().readTree(file.toFile()).get("accounts").has("main/1001")).isTrue();
    }

    @Test
    void validationNamesMissingDirectory() {
        JsonFileSinkPlugin plugin = new JsonFileSinkPlugin();

        assertThat(plugin.validate(new JsonFileSinkPlugin.Settings(directory.resolve("absent/state.json"), null, null)))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.path()).isEqualTo("path");
                    assertThat(problem.message()).contains("does not exist");
                });
        assertThat(plugin.validate(new JsonFileSinkPlugin.Settings(null, Duration.ZERO, -1)))
                .extracting(problem -> problem.path())
                .containsExactly("path", "writeInterval", "recentDeals");
    }
}
