package io.accountmonitor.app.cli;

import picocli.CommandLine;

/** Reads the version from the jar's manifest; builds run from classes report {@code development}. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"account-monitor " + (version == null ? "development" : version),
            "Java " + Runtime.version()};
    }
}
