package io.meetkit.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The OkHttp 4/5 trap (livekit-server's POM brings okhttp 4.12.0 beside okhttp-jvm 5): an application that depends
 * on meeting-core alone, as this module does, must see exactly one OkHttp, version 5, and Kotlin 2.
 */
class ClasspathTest {

    static List<File> runtimeJars() {
        List<File> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                jars.add(new File(entry));
            }
        }
        return jars;
    }

    @Test
    void noOkHttp4JarIsOnTheClasspath() {
        List<String> okhttpJars = runtimeJars().stream()
                .map(File::getName)
                .filter(n -> n.startsWith("okhttp"))
                .toList();
        assertThat(okhttpJars)
                .as("OkHttp jars")
                .isNotEmpty()
                .allMatch(n -> n.matches("okhttp(-jvm)?-5\\..*\\.jar"), "OkHttp 5.x");
        assertThat(runtimeJars())
                .extracting(File::getName)
                .anyMatch(n -> n.matches("kotlin-stdlib-2\\..*\\.jar"))
                .noneMatch(n -> n.matches("kotlin-stdlib-jdk[78]-.*\\.jar"));
    }

    @Test
    void noOkhttp3ClassIsInTwoJars() throws IOException {
        Map<String, String> owner = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        int okhttpClasses = 0;
        for (File jar : runtimeJars()) {
            try (JarFile jf = new JarFile(jar)) {
                for (JarEntry e : java.util.Collections.list(jf.entries())) {
                    String name = e.getName();
                    if (name.startsWith("okhttp3/") && name.endsWith(".class")) {
                        okhttpClasses++;
                        String previous = owner.putIfAbsent(name, jar.getName());
                        if (previous != null) {
                            duplicates.add(name + " in " + previous + " and " + jar.getName());
                        }
                    }
                }
            }
        }
        assertThat(okhttpClasses).as("okhttp3 classes found").isGreaterThan(100);
        assertThat(duplicates).isEmpty();
        assertThat(owner.get("okhttp3/OkHttpClient.class")).startsWith("okhttp-jvm-5.");
    }
}
