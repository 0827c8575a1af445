package io.github.vdsoagent.cli;

import picocli.CommandLine;

/** The version from the agent jar's manifest (Implementation-Version), or "development" outside the jar. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = io.github.vdsoagent.launcher.AgentLauncher.class.getPackage().getImplementationVersion();
        return new String[]{"vdso-agent " + (version == null ? "development" : version),
            "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
    }
}
