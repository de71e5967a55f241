package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.SettingsProblem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The cTrader Open API broker plugin, type {@code ctrader}: one protobuf-over-TLS connection per
 * monitor serves every account of that monitor.
 */
public final class CtraderPlugin implements BrokerPlugin<CtraderSettings> {
    public static final String TYPE = "ctrader";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<CtraderSettings> settingsType() {
        return CtraderSettings.class;
    }

    /** Returns 2: one thread reads the connection and one writes it. */
    @Override
    public int ioThreads(CtraderSettings settings) {
        return 2;
    }

    @Override
    public List<SettingsProblem> validate(CtraderSettings settings) {
        return SettingsValidator.validate(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Creates the source. Reads the stored token pair, which wins over the configured one unless the
     * configured tokens changed since it was stored (see {@link TokenStore}).
     *
     * @throws BrokerException if the trusted certificate cannot be loaded
     */
    @Override
    public AccountSource create(String monitorName, CtraderSettings settings, HostContext context) {
        Endpoint endpoint = Endpoint.parse(settings.environment());
        SSLContext tls;
        try {
            tls = TlsContexts.create(settings.trustCertificate());
        } catch (IOException | GeneralSecurityException e) {
            throw new BrokerException(ErrorCategory.PROTOCOL, "", "monitor " + monitorName
                    + ": cannot set up TLS with trustCertificate " + settings.trustCertificate() + ": "
                    + e.getMessage(), Duration.ZERO, e);
        }
        TokenStore tokens = TokenStore.load(context.store(), settings.accessToken(), settings.refreshToken());
        return new CtraderAccountSource(monitorName, settings, context, endpoint, tls, tokens);
    }
}
