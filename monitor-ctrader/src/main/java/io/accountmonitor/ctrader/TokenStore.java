package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.core.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth token pair in use, and its durable copy in the host's key-value store.
 *
 * <p>Refresh tokens are single-use, so after an in-band refresh the configured refresh token no
 * longer works and only the stored pair does. The stored value therefore records a fingerprint
 * (SHA-256) of the configured pair it descends from. At start-up the stored pair wins while the
 * configured tokens are unchanged; once the user puts different tokens into the configuration, for
 * example after granting access again, the configured pair wins and replaces the stored one at the
 * next refresh.
 *
 * <p>A new pair is written with {@link #save} and only then put into use with {@link #use}, so a
 * crash never loses the one valid refresh token. Thread-safe; {@link #save} blocks on the store.
 */
final class TokenStore {
    /** A token pair; {@code refreshToken} and {@code expiresAt} may be {@code null}. */
    record TokenPair(Secret accessToken, Secret refreshToken, Instant expiresAt) {
        TokenPair {
            Objects.requireNonNull(accessToken, "accessToken");
        }
    }

    static final String STORE_KEY = "ctrader.tokens";
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);
    private static final String FORMAT_VERSION = "v1";
    private static final String NONE = "-";

    private final KeyValueStore store;
    private final String configuredFingerprint;
    private volatile TokenPair current;

    private TokenStore(KeyValueStore store, String configuredFingerprint, TokenPair current) {
        this.store = store;
        this.configuredFingerprint = configuredFingerprint;
        this.current = current;
    }

    /** Chooses between the configured and the stored pair as the class comment describes. */
    static TokenStore load(KeyValueStore store, Secret accessToken, Secret refreshToken) {
        TokenPair configured = new TokenPair(accessToken, refreshToken, null);
        String fingerprint = fingerprint(accessToken, refreshToken);
        Optional<String> stored;
        try {
            stored = store.get(STORE_KEY);
        } catch (StoreException e) {
            LOG.warn("Cannot read the saved cTrader token pair ({}); using the configured tokens", e.getMessage());
            return new TokenStore(store, fingerprint, configured);
        }
        if (stored.isEmpty()) {
            return new TokenStore(store, fingerprint, configured);
        }
        String[] parts = stored.get().split(" ", -1);
        if (parts.length != 5 || !parts[0].equals(FORMAT_VERSION)) {
            LOG.warn("The saved cTrader token pair under key {} is unreadable; using the configured tokens",
                    STORE_KEY);
            return new TokenStore(store, fingerprint, configured);
        }
        if (!parts[1].equals(fingerprint)) {
            LOG.info("The configured cTrader tokens changed since the saved pair was refreshed; using the "
                    + "configured tokens");
            return new TokenStore(store, fingerprint, configured);
        }
        try {
            TokenPair saved = new TokenPair(Secret.of(decode(parts[2])),
                    parts[3].equals(NONE) ? null : Secret.of(decode(parts[3])),
                    parts[4].equals(NONE) ? null : Instant.ofEpochMilli(Long.parseLong(parts[4])));
            LOG.info("Using the cTrader token pair saved at the last refresh; the configured refresh token "
                    + "was used up by that refresh");
            return new TokenStore(store, fingerprint, saved);
        } catch (IllegalArgumentException e) {
            LOG.warn("The saved cTrader token pair under key {} is unreadable; using the configured tokens",
                    STORE_KEY);
            return new TokenStore(store, fingerprint, configured);
        }
    }

    TokenPair current() {
        return current;
    }

    boolean canRefresh() {
        return current.refreshToken() != null;
    }

    /**
     * Writes {@code pair} durably. Blocks on disk I/O: call from a worker or I/O thread.
     *
     * @throws StoreException if it could not be written; the previously saved value is kept
     */
    void save(TokenPair pair) {
        String value = String.join(" ", FORMAT_VERSION, configuredFingerprint, encode(pair.accessToken()),
                pair.refreshToken() == null ? NONE : encode(pair.refreshToken()),
                pair.expiresAt() == null ? NONE : Long.toString(pair.expiresAt().toEpochMilli()));
        store.put(STORE_KEY, value);
    }

    /** Puts {@code pair} into use; call only after {@link #save} returned. */
    void use(TokenPair pair) {
        current = Objects.requireNonNull(pair, "pair");
    }

    static String fingerprint(Secret accessToken, Secret refreshToken) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(accessToken.reveal().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            if (refreshToken != null) {
                sha256.update(refreshToken.reveal().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static String encode(Secret secret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret.reveal().getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    }
}
