package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.SettingsProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Finds every invalid value of {@link AppDaemonSettings}, with its key and what to do about it. */
final class SettingsValidator {
    /** The largest event buffer accepted; each event takes up to a few kilobytes of memory. */
    static final int MAX_EVENT_BUFFER_SIZE = 1_000_000;

    /**
     * Home Assistant object ids: lower case letters and digits in words joined by single
     * underscores, with no underscore at either end ({@code valid_entity_id} in Home Assistant core).
     */
    static final Pattern OBJECT_ID_PART = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*");

    /** The highest TCP port. */
    private static final int MAX_PORT = 65_535;

    private SettingsValidator() {
    }

    static List<SettingsProblem> validate(AppDaemonSettings settings) {
        List<SettingsProblem> problems = new ArrayList<>();
        checkUrl(settings.url(), problems);
        checkPassword(settings, problems);
        checkNamespace(settings.namespace(), problems);
        checkNames(settings, problems);
        checkDurations(settings, problems);
        checkBufferSize(settings.eventBufferSize(), problems);
        checkBackoff(settings.reconnectBackoff(), problems);
        return List.copyOf(problems);
    }

    private static void checkPassword(AppDaemonSettings settings, List<SettingsProblem> problems) {
        if (settings.password() != null && settings.password().isEmpty()) {
            problems.add(new SettingsProblem("password", "password is empty; remove the key when AppDaemon has no"
                    + " http.password, or set it to the value AppDaemon accepts"));
        }
    }

    private static void checkNames(AppDaemonSettings settings, List<SettingsProblem> problems) {
        if (!OBJECT_ID_PART.matcher(settings.entityPrefix()).matches()) {
            problems.add(new SettingsProblem("entityPrefix", "entityPrefix '" + settings.entityPrefix()
                    + "' is invalid; use lower case letters and digits, optionally joined by single '_',"
                    + " as Home Assistant entity ids require (for example ctrader or ctrader_live)"));
        }
        if (settings.clientName().isBlank()) {
            problems.add(new SettingsProblem("clientName", "clientName is blank; set a name for AppDaemon's"
                    + " access log, or remove the key to use " + AppDaemonSettings.DEFAULT_CLIENT_NAME));
        }
    }

    private static void checkDurations(AppDaemonSettings settings, List<SettingsProblem> problems) {
        boolean publishValid = checkPositive("publishInterval", settings.publishInterval(), problems);
        boolean resendValid = checkPositive("resendInterval", settings.resendInterval(), problems);
        if (publishValid && resendValid && settings.resendInterval().compareTo(settings.publishInterval()) < 0) {
            problems.add(new SettingsProblem("resendInterval", "resendInterval (" + settings.resendInterval()
                    + ") is shorter than publishInterval (" + settings.publishInterval() + "); raise it, for"
                    + " example to 10m"));
        }
        checkPositive("requestTimeout", settings.requestTimeout(), problems);
        checkPositive("pingInterval", settings.pingInterval(), problems);
        checkPositive("connectTimeout", settings.connectTimeout(), problems);
        checkPositive("closeTimeout", settings.closeTimeout(), problems);
    }

    private static void checkBufferSize(int bufferSize, List<SettingsProblem> problems) {
        if (bufferSize < 1 || bufferSize > MAX_EVENT_BUFFER_SIZE) {
            problems.add(new SettingsProblem("eventBufferSize", "eventBufferSize is " + bufferSize
                    + "; use 1 to " + MAX_EVENT_BUFFER_SIZE + " events"));
        }
    }

    private static void checkBackoff(AppDaemonSettings.Backoff backoff, List<SettingsProblem> problems) {
        boolean initialValid = checkPositive("reconnectBackoff.initial", backoff.initial(), problems);
        boolean maxValid = checkPositive("reconnectBackoff.max", backoff.max(), problems);
        if (initialValid && maxValid && backoff.max().compareTo(backoff.initial()) < 0) {
            problems.add(new SettingsProblem("reconnectBackoff.max", "reconnectBackoff.max (" + backoff.max()
                    + ") is shorter than reconnectBackoff.initial (" + backoff.initial() + "); raise max or lower initial"));
        }
    }

    private static void checkUrl(String url, List<SettingsProblem> problems) {
        String example = "for example ws://127.0.0.1:5050/stream";
        if (url == null || url.isBlank()) {
            problems.add(new SettingsProblem("url", "url is missing; set AppDaemon's stream URL, " + example));
            return;
        }
        // Any '@' after the scheme may end user information, and a password may itself contain
        // '@', '#', '/' or '?', so no part of such a url is quoted.
        int schemeEnd = url.indexOf("://");
        if (url.indexOf('@', schemeEnd < 0 ? 0 : schemeEnd) >= 0) {
            problems.add(new SettingsProblem("url", "url contains user information (not shown); remove it and put"
                    + " the AppDaemon password under password"));
            return;
        }
        String quotedUrl = "'" + visible(url) + "'";

        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            problems.add(new SettingsProblem("url", "url " + quotedUrl + " is not a valid URI (" + e.getReason()
                    + "); " + example));
            return;
        }

        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            String fixed = scheme.equals("http") ? "ws" : "wss";
            problems.add(new SettingsProblem("url", "url " + quotedUrl + " uses " + scheme + "://; the stream is a"
                    + " websocket, so use " + fixed + "://" + " with the host and port of http.url in appdaemon.yaml"));
            return;
        }
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            problems.add(new SettingsProblem("url", "url " + quotedUrl + " must start with ws:// or wss://; "
                    + example));
            return;
        }

        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            // java.net.URI leaves the host empty when the authority is not host[:port], so a bad
            // port or a host name with '_' lands here too.
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
            problems.add(new SettingsProblem("url", authority.isEmpty()
                    ? "url " + quotedUrl + " has no host; " + example
                    : "url " + quotedUrl + " has '" + visible(authority) + "' where host:port belongs; use a host name"
                            + " or address (letters, digits, '-' and '.') and a port from 1 to 65535, " + example));
        } else if (uri.getPort() == 0 || uri.getPort() > MAX_PORT) {
            problems.add(new SettingsProblem("url", "url " + quotedUrl + " has port " + uri.getPort() + "; use the"
                    + " port of http.url in appdaemon.yaml, from 1 to " + MAX_PORT));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.endsWith("/stream")) {
            problems.add(new SettingsProblem("url", "url " + quotedUrl + " has path '" + visible(path) + "'; AppDaemon"
                    + " serves the stream at /stream (behind a reverse proxy, a prefix such as /appdaemon/stream"
                    + " works)"));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(new SettingsProblem("url", "url " + quotedUrl + " has a query or fragment; remove it"));
        }
    }

    private static void checkNamespace(String namespace, List<SettingsProblem> problems) {
        if (namespace.isBlank()) {
            problems.add(new SettingsProblem("namespace", "namespace is blank; use default, or a namespace"
                    + " declared under appdaemon: namespaces: in appdaemon.yaml"));
        } else if (namespace.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            problems.add(new SettingsProblem("namespace", "namespace '" + visible(namespace) + "' contains whitespace;"
                    + " use the name exactly as declared in appdaemon.yaml"));
        } else if (namespace.chars().anyMatch(SettingsValidator::oddInNamespace)) {
            problems.add(new SettingsProblem("namespace", "namespace '" + visible(namespace) + "' contains a"
                    + " control or invisible character, a quote or a slash; use the name exactly as declared under"
                    + " appdaemon: namespaces: in appdaemon.yaml"));
        } else if (namespace.equals("admin")) {
            problems.add(new SettingsProblem("namespace", "namespace admin has no state services in AppDaemon,"
                    + " so state/set would fail and close the connection; use default or a user namespace"));
        }
    }

    /**
     * Returns whether {@code c} cannot be part of a namespace: AppDaemon keeps a persistent
     * namespace in a file named after it, and control or invisible characters make a name that
     * looks right in the configuration but matches nothing.
     */
    private static boolean oddInNamespace(int c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == '/' || c == '\\'
                || c == '"' || c == '\'';
    }

    /** Returns {@code text} with control and invisible characters written as {@code <U+XXXX>}. */
    static String visible(String text) {
        StringBuilder quotedUrl = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                quotedUrl.append(String.format(Locale.ROOT, "<U+%04X>", (int) c));
            } else {
                quotedUrl.append(c);
            }
        }
        return quotedUrl.toString();
    }

    private static boolean checkPositive(String key, Duration value, List<SettingsProblem> problems) {
        if (value.isZero() || value.isNegative()) {
            problems.add(new SettingsProblem(key, key + " is " + value + "; use a positive duration such as 1s"));
            return false;
        }
        return true;
    }
}
