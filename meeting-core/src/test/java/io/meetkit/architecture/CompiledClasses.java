package io.meetkit.architecture;

import io.meetkit.MeetKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** meeting-core's compiled main classes ({@code target/classes}), for the tests that check the code's shape. */
public final class CompiledClasses {

    private CompiledClasses() {}

    /**
     * Returns the class files of meeting-core's main code.
     *
     * @return each {@code .class} file under {@link #directory()}, for example
     *     {@code <classes>/io/meetkit/MeetKit.class}
     * @throws IllegalStateException if the classes are not in a directory (run from a jar)
     */
    public static List<Path> files() {
        Path dir = directory();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".class")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the binary class name of a file from {@link #files()}.
     *
     * @param file a class file under {@link #directory()}
     * @return for example {@code io.meetkit.MeetKit$Builder}
     */
    public static String className(Path file) {
        String rel = directory().relativize(file).toString();
        return rel.substring(0, rel.length() - ".class".length())
                .replace(file.getFileSystem().getSeparator(), ".");
    }

    /**
     * Returns the directory meeting-core's main classes were loaded from.
     *
     * @return the directory
     * @throws IllegalStateException if they were not loaded from a directory
     */
    public static Path directory() {
        Path dir;
        try {
            dir = Path.of(MeetKit.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("meeting-core's classes are not in a directory: " + dir);
        }
        return dir;
    }
}
