package io.accountmonitor.app.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks of single settings that binding cannot express: names, the log level, thread counts and the status address. */
final class SettingsChecks {
    /** Log levels in the order messages list them. */
    static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final String NAME_RULE = "1 to 64 lower case letters, digits, '-' and '_'";
    private static final Pattern BRACKETED_HOST = Pattern.compile("\\[([^\\]]*)]:([^:]*)");
    private static final Pattern PLAIN_HOST = Pattern.compile("([^:\\[\\]]+):([^:]*)");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:]+");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private SettingsChecks() {
    }

    /**
     * Checks a monitor or sink name: 1 to 64 lower case letters, digits, {@code -} and {@code _},
     * because names become parts of file names, metric labels and log lines.
     *
     * @param kind {@code monitor} or {@code sink}
     * @return whether the name is valid
     */
    static boolean checkName(String name, ConfigPath path, String kind, String example, SensitiveValues sensitive,
            ProblemCollector problems) {
        if (name == null) {
            problems.reportUnlessCovered(path, "missing; give the " + kind + " a unique name of " + NAME_RULE
                    + ", such as " + example);
            return false;
        }
        if (!NAME.matcher(name).matches()) {
            problems.report(path, "invalid name " + sensitive.quote(path, name) + "; use " + NAME_RULE + ", such as "
                    + example);
            return false;
        }
        return true;
    }

    static void checkLevel(LoggingConfig logging, ConfigPath path, SensitiveValues sensitive,
            ProblemCollector problems) {
        if (!LEVELS.contains(logging.level())) {
            problems.reportUnlessCovered(path, "invalid level " + sensitive.quote(path, logging.level())
                    + "; use one of: " + String.join(", ", LEVELS));
        }
    }

    /** Checks that there is a worker thread, and that the thread budget also leaves room for the timer thread. */
    static void checkThreads(SchedulerConfig scheduler, ConfigPath path, ProblemCollector problems) {
        ConfigPath workersPath = path.key("workerThreads");
        if (problems.isCovered(workersPath)) {
            return;
        }
        int workers = scheduler.workerThreads();
        boolean workersValid = workers >= 1 && workers <= SchedulerConfig.MAX_WORKER_THREADS;
        if (!workersValid) {
            problems.report(workersPath, "is " + workers + "; use 1 to " + SchedulerConfig.MAX_WORKER_THREADS
                    + " (checks wait for the broker, not for a CPU, so a few workers serve thousands of accounts)");
        }
        ConfigPath budgetPath = path.key("threadBudget");
        int budget = scheduler.threadBudget();
        if (budget > SchedulerConfig.MAX_THREAD_BUDGET) {
            problems.reportUnlessCovered(budgetPath, "is " + budget + "; use at most " + SchedulerConfig.MAX_THREAD_BUDGET
                    + ", or remove the key so the budget fits the configuration");
            return;
        }
        // An unset budget grows to fit the whole configuration later, workers included.
        if (workersValid && problems.isWritten(budgetPath) && budget < workers + 1L) {
            problems.reportUnlessCovered(budgetPath, "is " + budget + ", less than workerThreads + 1 = "
                    + (workers + 1L) + " (the worker threads and the timer thread); use at least " + (workers + 1L));
        }
    }

    /**
     * Checks that {@code status.listen} is {@code host:port} with a loopback host (an address in
     * 127.0.0.0/8, {@code [::1]} or {@code localhost}) and a port from 0 to 65535. The endpoint has
     * no authentication, so it must not be reachable from other machines.
     */
    static void checkListen(StatusConfig status, ConfigPath path, SensitiveValues sensitive, ProblemCollector problems) {
        if (!status.enabled()) {
            return;
        }
        String listen = status.listen();
        String quoted = sensitive.quote(path, listen);
        if (listen.isBlank()) {
            problems.report(path, "is empty; write host:port with a loopback host, such as 127.0.0.1:9464, or remove"
                    + " the key to turn the status endpoint off");
            return;
        }

        Matcher bracketed = BRACKETED_HOST.matcher(listen);
        Matcher plain = PLAIN_HOST.matcher(listen);
        String host;
        String port;
        boolean isBracketed = bracketed.matches();
        if (isBracketed) {
            host = bracketed.group(1);
            port = bracketed.group(2);
        } else if (plain.matches()) {
            host = plain.group(1);
            port = plain.group(2);
        } else {
            problems.report(path, "invalid listen address " + quoted + "; use host:port with a loopback host, such as"
                    + " 127.0.0.1:9464, and write an IPv6 host in brackets, such as [::1]:9464");
            return;
        }

        if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65_535) {
            problems.report(path, "invalid port in listen address " + quoted
                    + "; use a port from 0 to 65535, where 0 picks a free port");
            return;
        }

        boolean loopback = isBracketed ? isIpv6Loopback(host) : isIpv4OrNameLoopback(host);
        if (!loopback) {
            problems.report(path, "listen address " + quoted + " is not on a loopback host; the status endpoint has"
                    + " no authentication, so use 127.0.0.1, [::1] or localhost");
        }
    }

    private static boolean isIpv4OrNameLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        Matcher ipv4 = IPV4.matcher(host);
        if (!ipv4.matches()) {
            return false;
        }
        for (int group = 1; group <= 4; group++) {
            if (Integer.parseInt(ipv4.group(group)) > 255) {
                return false;
            }
        }
        return ipv4.group(1).equals("127");
    }

    /** Returns whether {@code host} is {@code ::1} in any of its textual forms; no name is looked up. */
    private static boolean isIpv6Loopback(String host) {
        if (!IPV6_CHARACTERS.matcher(host).matches()) {
            return false;
        }
        String[] halves = host.split("::", -1);
        if (halves.length > 2) {
            return false;
        }
        List<String> groups = new ArrayList<>(groupsOf(halves[0]));
        if (halves.length == 2) {
            List<String> right = groupsOf(halves[1]);
            int omitted = 8 - groups.size() - right.size();
            if (omitted < 1) {
                return false;
            }
            groups.addAll(Collections.nCopies(omitted, "0"));
            groups.addAll(right);
        }
        if (groups.size() != 8 || groups.stream().anyMatch(group -> group.isEmpty() || group.length() > 4)) {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            if (Integer.parseInt(groups.get(i), 16) != 0) {
                return false;
            }
        }
        return Integer.parseInt(groups.get(7), 16) == 1;
    }

    private static List<String> groupsOf(String half) {
        return half.isEmpty() ? List.of() : List.of(half.split(":", -1));
    }
}
