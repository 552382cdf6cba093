package dev.microledger.query.analytics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "news              | news",
            "games, apps       | '\"games, apps\"'",
            "say \"hi\"        | '\"say \"\"hi\"\"\"'",
            "'\"'              | '\"\"\"\"'",
            "' lead and trail ' | ' lead and trail '",
            "-1.5              | -1.5",
            "0.0025            | 0.0025"})
    void quotesOnlyFieldsThatNeedIt(String field, String expected) {
        assertThat(new Csv("h").line(field).text()).isEqualTo("h\n" + expected + "\n");
    }

    @Test
    void neutralisesCellsASpreadsheetWouldRunAsFormulas() {
        assertThat(new Csv("h").line("=1+1").text()).isEqualTo("h\n'=1+1\n");
        assertThat(new Csv("h").line("=HYPERLINK(\"http://x\")").text())
                .isEqualTo("h\n\"'=HYPERLINK(\"\"http://x\"\")\"\n");
        assertThat(new Csv("h").line("+cmd").text()).isEqualTo("h\n'+cmd\n");
        assertThat(new Csv("h").line("-2+3").text()).isEqualTo("h\n'-2+3\n");
        assertThat(new Csv("h").line("@SUM(A1)").text()).isEqualTo("h\n'@SUM(A1)\n");
        assertThat(new Csv("h").line("\tx").text()).isEqualTo("h\n'\tx\n");
        assertThat(new Csv("h").line("\rx").text()).isEqualTo("h\n\"'\rx\"\n");
    }

    @Test
    void quotesLineBreaksSoThatARowStaysOneRecord() {
        assertThat(new Csv("a", "b").line("line 1\nline 2", "x\r\ny").text())
                .isEqualTo("a,b\n\"line 1\nline 2\",\"x\r\ny\"\n");
    }

    @Test
    void nullIsAnEmptyFieldAndAnEmptyTextIsQuoted() {
        assertThat(new Csv("key", "total").line(null, "1").line("", "2").text())
                .isEqualTo("key,total\n,1\n\"\",2\n");
    }

    @Test
    void numbersAreWrittenPlain() {
        assertThat(new Csv("count", "total").line(12L, "0.0025").text()).isEqualTo("count,total\n12,0.0025\n");
    }
}
