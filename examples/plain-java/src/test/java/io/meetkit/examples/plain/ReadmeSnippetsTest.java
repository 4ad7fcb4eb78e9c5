package io.meetkit.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The README's code comes from code CI compiles: each marked region must appear in the README unchanged. */
class ReadmeSnippetsTest {

    static final Path ROOT = Path.of("../..");

    @ParameterizedTest
    @CsvSource({
        "examples/plain-java/src/main/java/io/meetkit/examples/plain/PlainJavaExample.java, quickstart",
        "examples/plain-java/src/test/java/io/meetkit/examples/plain/TestingWithTheTestkitTest.java, testkit",
        "examples/plain-java/src/test/java/io/meetkit/examples/plain/ExplicitRoomCreationTest.java, create-rooms-on-join"
    })
    void readmeQuotesTheRegionVerbatim(String source, String region) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String code = Files.readString(ROOT.resolve(source));

        assertThat(readme).contains(region(code, region));
    }

    static String region(String code, String name) {
        String start = "// --8<-- [start:" + name + "]";
        String end = "// --8<-- [end:" + name + "]";
        int from = code.indexOf(start);
        int to = code.indexOf(end);
        assertThat(from).as("start marker of " + name).isNotNegative();
        assertThat(to).as("end marker of " + name).isGreaterThan(from);
        List<String> lines =
                code.substring(code.indexOf('\n', from) + 1, to).lines().toList();
        lines = lines.subList(0, lines.size() - (lines.get(lines.size() - 1).isBlank() ? 1 : 0));
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }
}
