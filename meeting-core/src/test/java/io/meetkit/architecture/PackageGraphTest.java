package io.meetkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The one-way rule of docs/architecture.md, checked on meeting-core's compiled classes ({@code target/classes}): no
 * API package refers to an {@code internal} package, and the API packages form no cycle among themselves.
 *
 * <p>The one exception is {@code MeetKit}, the entry point: {@code MeetKit.build()} hands the builder's settings to
 * the internal composition root {@code io.meetkit.internal.Composition}, so {@code MeetKit} may import that one
 * internal class and, depending on every component's package by its nature, is left out of the cycle check.
 */
class PackageGraphTest {

    private static final Set<String> EXCEPTIONS = Set.of("io.meetkit.MeetKit->io.meetkit.internal.Composition");

    @Test
    void apiPackagesReferToNoInternalPackage() {
        PackageGraph graph = new PackageGraph("io.meetkit", EXCEPTIONS, compiledClasses());

        assertThat(graph.internalReferences())
                .as("API classes referring to internal ones (docs/architecture.md, the one-way rule)")
                .isEmpty();
    }

    @Test
    void apiPackagesFormNoCycle() {
        PackageGraph graph = new PackageGraph("io.meetkit", EXCEPTIONS, compiledClasses());

        assertThat(graph.cycles())
                .as("cycles among API packages, each step with one class reference behind it")
                .isEmpty();
    }

    @Test
    void theRealClassesAreRead() {
        Map<String, Set<String>> classes = compiledClasses();

        // the graph is not vacuous: the main classes are there, and MeetKit's one crossing is seen and excepted
        assertThat(classes).containsKeys("io.meetkit.MeetKit", "io.meetkit.MeetKit$Builder");
        assertThat(classes.get("io.meetkit.MeetKit")).contains("io.meetkit.internal.Composition");
        assertThat(new PackageGraph("io.meetkit", Set.of(), classes).internalReferences())
                .contains("io.meetkit.MeetKit -> io.meetkit.internal.Composition");
        assertThat(new PackageGraph("io.meetkit", EXCEPTIONS, classes).apiEdges())
                .containsKeys("io.meetkit.meeting", "io.meetkit.recording", "io.meetkit.livekit", "io.meetkit.store");
    }

    @Test
    void theCheckerFindsAnInternalReferenceAndACycleInAMadeUpGraph() {
        Map<String, Set<String>> made = new TreeMap<>();
        made.put("x.a.A", Set.of("x.b.B", "java.lang.String"));
        made.put("x.b.B", Set.of("x.c.C"));
        made.put("x.c.C$Inner", Set.of("x.a.A", "x.internal.Impl"));
        made.put("x.d.D", Set.of("x.a.A", "x.d.internal.Helper"));
        made.put("x.internal.Impl", Set.of("x.a.A", "x.b.B"));
        made.put("x.Root", Set.of("x.internal.Impl", "x.a.A"));
        made.put("x.a.UsesRoot", Set.of("x.Root"));

        PackageGraph graph = new PackageGraph("x", Set.of("x.Root->x.internal.Impl"), made);

        assertThat(graph.internalReferences())
                .containsExactly("x.c.C$Inner -> x.internal.Impl", "x.d.D -> x.d.internal.Helper");
        assertThat(graph.cycles())
                .singleElement()
                .satisfies(cycle -> assertThat(cycle)
                        .startsWith("x.a -> x.b -> x.c -> x.a")
                        .contains("x.a.A -> x.b.B", "x.b.B -> x.c.C", "x.c.C$Inner -> x.a.A"));
        // without the exception the root's crossing is reported, and its package joins the cycle check
        PackageGraph strict = new PackageGraph("x", Set.of(), made);
        assertThat(strict.internalReferences()).contains("x.Root -> x.internal.Impl");
        assertThat(strict.cycles()).singleElement().asString().startsWith("x -> x.a -> x");
    }

    @Test
    void aGraphWithoutCyclesHasNone() {
        Map<String, Set<String>> made = Map.of(
                "x.a.A", Set.of("x.b.B"),
                "x.b.B", Set.of("x.c.C"),
                "x.a.A2", Set.of("x.c.C"));

        assertThat(new PackageGraph("x", Set.of(), made).cycles()).isEmpty();
    }

    @Test
    void theParserReadsDescriptorsAndSignaturesToo() throws IOException {
        byte[] bytes;
        try (var in = Sample.class.getResourceAsStream("PackageGraphTest$Sample.class")) {
            bytes = in.readAllBytes();
        }

        ClassFileReferences.Parsed parsed = ClassFileReferences.parse(bytes);

        assertThat(parsed.name()).isEqualTo("io.meetkit.architecture.PackageGraphTest$Sample");
        // a field type only, a generic argument only, an array element only, a long constant before them
        assertThat(parsed.references())
                .contains("java.time.Duration", "java.time.Instant", "java.time.ZoneId", "java.util.List");
    }

    @SuppressWarnings("unused")
    static final class Sample {
        static final long BIG = 1L << 40;
        static final double HALF = 0.5;
        java.time.Duration duration;
        java.util.List<java.time.Instant> instants;
        java.time.ZoneId[] zones;
    }

    private static Map<String, Set<String>> compiledClasses() {
        Map<String, Set<String>> result = new TreeMap<>();
        for (Path f : CompiledClasses.files()) {
            try {
                ClassFileReferences.Parsed parsed = ClassFileReferences.parse(Files.readAllBytes(f));
                result.put(parsed.name(), parsed.references());
            } catch (IOException e) {
                throw new UncheckedIOException(f.toString(), e);
            }
        }
        return result;
    }
}
