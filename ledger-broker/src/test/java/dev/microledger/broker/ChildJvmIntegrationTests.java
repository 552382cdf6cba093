package dev.microledger.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmIntegrationTests {

    @TempDir
    Path directory;

    private Process child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void childExitsWhenItsStandardInputCloses() throws IOException, InterruptedException {
        child = startSleepingChild();
        // The child must be running and waiting before the pipe closes, as a real child would be.
        assertThat(child.waitFor(2, TimeUnit.SECONDS)).isFalse();

        // Closing the pipe is what the operating system does when the parent is killed, even by kill -9.
        child.getOutputStream().close();

        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(directory.resolve("child.log")).content().contains("parent-watch: standard input closed");
    }

    @Test
    void childWithAnExitDelayOutlivesItsParentByThatDelay() throws IOException, InterruptedException {
        child = startSleepingChild(3);
        assertThat(child.waitFor(2, TimeUnit.SECONDS)).isFalse();

        child.getOutputStream().close();

        assertThat(child.waitFor(1500, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(directory.resolve("child.log")).content().contains("shutting down in 3 s");
    }

    @Test
    void childIgnoresTheTerminalsInterruptAndStopsOnTerminate() throws IOException, InterruptedException {
        child = startSleepingChild();
        assertThat(child.waitFor(2, TimeUnit.SECONDS)).isFalse();

        // Ctrl-C in a terminal sends SIGINT to the whole process group; only the parent may react to it.
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(child.waitFor(2, TimeUnit.SECONDS)).isFalse();
        assertThat(ChildJvm.stop(child, Duration.ofSeconds(30))).isTrue();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void logTailHoldsTheLastLines() throws IOException, InterruptedException {
        child = startSleepingChild();
        child.getOutputStream().close();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(ChildJvm.logTail(directory.resolve("child.log"), 1))
                .isEqualTo("parent-watch: standard input closed (the parent process is gone or stopping this one); shutting down");
        assertThat(ChildJvm.logTail(directory.resolve("missing.log"), 1)).startsWith("(no log file at ");
    }

    private Process startSleepingChild() {
        return startSleepingChild(0);
    }

    private Process startSleepingChild(long exitDelaySeconds) {
        Path agentJar = ParentWatchAgent.writeAgentJar(directory.resolve("parent-watch.jar"));
        List<String> command = ChildJvm.command(agentJar, exitDelaySeconds,
                List.of("-cp", System.getProperty("java.class.path"), SleepingMain.class.getName()));
        return ChildJvm.start(command, directory, directory.resolve("child.log"));
    }
}
