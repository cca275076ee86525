package io.actiongate.doctor;

import io.actiongate.doctor.gpt.GptChecks;
import io.actiongate.doctor.mcp.McpChecks;
import io.actiongate.doctor.plugin.PluginChecks;
import io.actiongate.doctor.report.Report;
import java.io.Console;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * bin/doctor: replays what ChatGPT does against a deployment's public URLs and names what would fail, and the fix.
 * Only the URLs given (and the URLs their documents name) are reached; secrets come from flags, the environment or
 * a prompt and are never printed. Exit code 0 only when no check failed.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, version = "ActionGate doctor 0.1",
        description = "Checks a GPT Action, an MCP connector or a plugin manifest the way ChatGPT will use it.",
        subcommands = {Doctor.Gpt.class, Doctor.Mcp.class, Doctor.Plugin.class})
public final class Doctor implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final Function<String, String> askForAddress;

    private Doctor(PrintStream out, Function<String, String> askForAddress) {
        this.out = out;
        this.askForAddress = askForAddress;
    }

    /** Options every subcommand has. */
    static final class Output {
        @Option(names = "--json", description = "print one JSON document instead of a line per check")
        boolean json;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    /** Runs the doctor with the given arguments, printing to {@code out}; returns the exit code. */
    public static int run(PrintStream out, String... args) {
        return run(out, Doctor::askOnTheConsole, args);
    }

    /**
     * The same, with the step a builder does by hand when no user and password are given: {@code askForAddress}
     * gets the authorization URL and returns the address the browser ended on (null when there is none).
     */
    public static int run(PrintStream out, Function<String, String> askForAddress, String... args) {
        CommandLine commandLine = new CommandLine(new Doctor(out, askForAddress));
        commandLine.setOut(new java.io.PrintWriter(out, true));
        return commandLine.execute(args);
    }

    @Command(name = "gpt", mixinStandardHelpOptions = true, description = "The GPT Action path: discovery, the schema, the sign-in, the tokens, the API.")
    static final class Gpt implements Callable<Integer> {
        @Mixin Output output;
        @Option(names = "--auth", required = true, description = "the issuer (realm URL) or its discovery URL")
        String auth;
        @Option(names = "--api", required = true, description = "the OpenAPI document's URL (what the GPT editor imports)")
        String api;
        @Option(names = "--client-id", required = true, description = "the GPT editor's Client ID")
        String clientId;
        @Option(names = "--client-secret", arity = "0..1", interactive = true, defaultValue = "${env:DOCTOR_CLIENT_SECRET}",
                description = "the GPT editor's Client Secret (or DOCTOR_CLIENT_SECRET; --client-secret alone prompts)")
        String clientSecret;
        @Option(names = "--callback", description = "the GPT's callback URL, shown in the GPT editor (https://chatgpt.com/aip/g-…/oauth/callback)")
        String callback;
        @Option(names = "--user", description = "a user to sign in as (the check signs in through the login form)")
        String user;
        @Option(names = "--password", arity = "0..1", interactive = true, defaultValue = "${env:DOCTOR_PASSWORD}",
                description = "that user's password (or DOCTOR_PASSWORD; --password alone prompts)")
        String password;
        @CommandLine.ParentCommand Doctor doctor;

        @Override
        public Integer call() {
            Report report = new Report(doctor.out, output.json);
            new GptChecks(report, new GptChecks.Target(auth, api, clientId, clientSecret, callback, user, password,
                    doctor.askForAddress)).run();
            report.finish("gpt");
            return report.exitCode();
        }
    }

    @Command(name = "mcp", mixinStandardHelpOptions = true, description = "The connector path: challenge, metadata, registration, sign-in, tools/list.")
    static final class Mcp implements Callable<Integer> {
        @Mixin Output output;
        @Option(names = "--url", required = true, description = "the MCP server URL given to ChatGPT")
        String url;
        @Option(names = "--client-id", description = "a predefined connector client (ChatGPT's advanced OAuth settings)")
        String clientId;
        @Option(names = "--user", description = "a user to sign in as")
        String user;
        @Option(names = "--password", arity = "0..1", interactive = true, defaultValue = "${env:DOCTOR_PASSWORD}",
                description = "that user's password (or DOCTOR_PASSWORD; --password alone prompts)")
        String password;
        @CommandLine.ParentCommand Doctor doctor;

        @Override
        public Integer call() {
            Report report = new Report(doctor.out, output.json);
            new McpChecks(report, new McpChecks.Target(url, clientId, user, password)).run();
            report.finish("mcp");
            return report.exitCode();
        }
    }

    @Command(name = "plugin", mixinStandardHelpOptions = true, description = "The plugin manifest (/.well-known/ai-plugin.json) in its declared mode.")
    static final class Plugin implements Callable<Integer> {
        @Mixin Output output;
        @Option(names = "--api", required = true, description = "the API's URL (its host serves the manifest)")
        String api;
        @CommandLine.ParentCommand Doctor doctor;

        @Override
        public Integer call() {
            Report report = new Report(doctor.out, output.json);
            new PluginChecks(report).run(api);
            report.finish("plugin");
            return report.exitCode();
        }
    }

    /** Without a user and password: the builder signs in in a browser and pastes where it ended. */
    private static String askOnTheConsole(String url) {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        console.printf("Open this URL in a browser, sign in, and paste the address the browser ended on:%n%s%n> ", url);
        String line = console.readLine();
        return line == null || line.isBlank() ? null : line.trim();
    }
}
