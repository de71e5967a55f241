package io.accountmonitor.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.core.spi.Plugin;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {
    record NamedPlugin(String type) implements Plugin<String> {
        @Override
        public Class<String> settingsType() {
            return String.class;
        }
    }

    @Test
    void findsPluginByType() {
        PluginRegistry<NamedPlugin> registry = PluginRegistry.of("sink", List.of(new NamedPlugin("log"),
                new NamedPlugin("appdaemon")));

        assertThat(registry.require("log").type()).isEqualTo("log");
        assertThat(registry.types()).containsExactly("appdaemon", "log");
    }

    @Test
    void unknownTypeListsKnownTypes() {
        PluginRegistry<NamedPlugin> registry = PluginRegistry.of("broker", List.of(new NamedPlugin("ctrader")));

        assertThatThrownBy(() -> registry.require("mt5"))
                .isInstanceOf(PluginException.class)
                .hasMessage("no broker plugin has the type 'mt5'; known types: ctrader");
    }

    @Test
    void duplicateTypeStopsLoading() {
        assertThatThrownBy(() -> PluginRegistry.of("broker", List.of(new NamedPlugin("ctrader"),
                        new NamedPlugin("ctrader"))))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("two broker plugins have the type 'ctrader'");
    }

    @Test
    void malformedTypeNameStopsLoading() {
        assertThatThrownBy(() -> PluginRegistry.of("sink", List.of(new NamedPlugin("App Daemon"))))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("invalid type name 'App Daemon'");
    }

    @Test
    void serviceLoaderWithoutProvidersGivesEmptyRegistry() {
        PluginRegistry<NamedPluginService> registry = PluginRegistry.load(NamedPluginService.class, "test",
                getClass().getClassLoader());

        assertThat(registry.types()).isEmpty();
        assertThat(registry.unknownTypeMessage("x")).isEqualTo("no test plugin has the type 'x'; known types: none");
    }

    interface NamedPluginService extends Plugin<String> {
    }
}
