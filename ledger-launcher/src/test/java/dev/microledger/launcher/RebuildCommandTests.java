package dev.microledger.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RebuildCommandTests {

    @Test
    void withoutOptionsItAsksTheLocalQueryServiceToSwitchByItself() {
        RebuildCommand.Options options = RebuildCommand.Options.parse();

        assertThat(options.queryUrl()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(options.manual()).isFalse();
        assertThat(options.followOnly()).isFalse();
        assertThat(options.help()).isFalse();
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        RebuildCommand.Options options = RebuildCommand.Options.parse("--query-url=http://10.0.0.5:9081/",
                "--switchover", "manual", "--follow");

        assertThat(options.queryUrl()).isEqualTo(URI.create("http://10.0.0.5:9081"));
        assertThat(options.manual()).isTrue();
        assertThat(options.followOnly()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--query-url=ftp://host", "--query-url=not a url", "--switchover=later", "--unknown",
            "--query-url"})
    void aMistakeIsRefusedWithTheOptionNamed(String argument) {
        assertThatThrownBy(() -> RebuildCommand.Options.parse(argument))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument);
    }

    @Test
    void anOptionGivenTwiceIsRefused() {
        assertThatThrownBy(() -> RebuildCommand.Options.parse("--follow", "--follow"))
                .hasMessageContaining("more than once");
    }

    @Test
    void aUsageMistakeExitsWithTwoAndPrintsTheUsage() throws InterruptedException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = RebuildCommand.run(new String[] {"--switchover=sometimes"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(RebuildCommand.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--switchover").contains("Usage:");
    }

    @Test
    void aServiceThatDoesNotAnswerIsAFailureThatSaysWhere() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String url = "http://127.0.0.1:" + LocalPorts.pick();

        int exit = RebuildCommand.run(new String[] {"--query-url", url}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(exit).isEqualTo(RebuildCommand.EXIT_FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("did not answer at " + url);
    }

    @Test
    void aProgressLineSaysHowFarHowFastAndHowLongStill() throws Exception {
        String status = """
                {"state":"CATCHING_UP","generation":3,"recordsDone":2350000,"recordsTotal":4659780,"percent":50.4,
                 "recordsPerSecond":48200,"averagePerSecond":45100,"etaSeconds":48}""";

        String line = RebuildCommand.progressLine(new ObjectMapper().readTree(status));

        assertThat(line).isEqualTo("generation 3 CATCHING_UP: 2,350,000 of 4,659,780 records (50.4 %), "
                + "48,200 records/s (45,100/s on average), about 48 s left");
    }

    @Test
    void aRebuildThatIsStartingSaysWhatItDoesRatherThanHowFarItIs() throws Exception {
        String status = """
                {"state":"STARTING","generation":2,"recordsDone":0,"recordsTotal":0,"percent":100.0,
                 "recordsPerSecond":0,"averagePerSecond":0}""";

        String line = RebuildCommand.progressLine(new ObjectMapper().readTree(status));

        assertThat(line).isEqualTo("generation 2 STARTING: creating its tables and counting the topic's records");
    }

    @Test
    void longTimesAreInMinutesAndHours() {
        assertThat(RebuildCommand.formatSeconds(59)).isEqualTo("59 s");
        assertThat(RebuildCommand.formatSeconds(754)).isEqualTo("12 min 34 s");
        assertThat(RebuildCommand.formatSeconds(10_800)).isEqualTo("3 h 0 min");
    }
}
