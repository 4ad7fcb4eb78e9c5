package io.meetkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.server.RoomServiceClient;
import io.meetkit.testkit.FakeLiveKitServer;
import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import kotlin.KotlinVersion;
import livekit.LivekitModels;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * The dependency traps of reference G1/G3/G4, checked on the starter's own test classpath, which is a Spring Boot
 * application's (3.5 by default, 4.x with {@code -Pboot4}): one OkHttp (5.x), Kotlin 2.x, protobuf 4.x at or above
 * livekit's gencode, and the LiveKit SDK working with its logging interceptor on (the call that breaks when OkHttp 4
 * classes win).
 */
class ClasspathAlignmentTest {

    @Test
    @DisplayName("exactly one jar holds okhttp3.OkHttpClient, and it is OkHttp 5")
    void oneOkHttp() throws Exception {
        List<URL> jars = Collections.list(getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));
        assertThat(jars).as("jars holding okhttp3.OkHttpClient").hasSize(1);
        assertThat(jars.get(0).toString()).contains("okhttp-jvm");
        assertThat(okhttp3.OkHttp.VERSION).startsWith("5.");
    }

    @Test
    @DisplayName("the foundation's jar check on a Boot classpath: only OkHttp 5 jars, no okhttp3 class twice, no"
            + " kotlin-stdlib-jdk7/8")
    void jarsOnTheBootClasspath() throws Exception {
        List<File> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                jars.add(new File(entry));
            }
        }
        assertThat(jars)
                .extracting(File::getName)
                .filteredOn(n -> n.startsWith("okhttp"))
                .isNotEmpty()
                .allMatch(n -> n.matches("okhttp(-jvm)?-5\\..*\\.jar"), "OkHttp 5.x");
        assertThat(jars)
                .extracting(File::getName)
                .anyMatch(n -> n.matches("kotlin-stdlib-2\\..*\\.jar"))
                .noneMatch(n -> n.matches("kotlin-stdlib-jdk[78]-.*\\.jar"));
        Map<String, String> owner = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (File jar : jars) {
            try (JarFile jf = new JarFile(jar)) {
                for (JarEntry e : Collections.list(jf.entries())) {
                    String name = e.getName();
                    if (name.startsWith("okhttp3/") && name.endsWith(".class")) {
                        String previous = owner.putIfAbsent(name, jar.getName());
                        if (previous != null) {
                            duplicates.add(name + " in " + previous + " and " + jar.getName());
                        }
                    }
                }
            }
        }
        assertThat(owner).hasSizeGreaterThan(100);
        assertThat(duplicates).isEmpty();
    }

    @Test
    @DisplayName("Kotlin stdlib 2.x, not the 1.9 that Spring Boot 3.5 manages")
    void kotlin2() {
        assertThat(KotlinVersion.CURRENT.getMajor())
                .as("Kotlin " + KotlinVersion.CURRENT + " under Spring Boot " + SpringBootVersion.getVersion())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("protobuf 4.x at or above the 4.29.4 gencode of livekit-server")
    void protobuf4() {
        int major = com.google.protobuf.RuntimeVersion.MAJOR;
        int minor = com.google.protobuf.RuntimeVersion.MINOR;
        assertThat(major).isEqualTo(4);
        assertThat(minor).isGreaterThanOrEqualTo(29);
        assertThat(LivekitModels.Room.newBuilder().setName("r").build().getName())
                .isEqualTo("r");
    }

    @Test
    @DisplayName("the LiveKit SDK with its logging interceptor on talks to a LiveKit (NoSuchMethodError with OkHttp 4)")
    @SuppressWarnings("deprecation") // the SDK's own logging switch: exactly the call reference G1 saw fail
    void liveKitSdkWithLogging() throws Exception {
        try (FakeLiveKitServer livekit = FakeLiveKitServer.builder().build().start()) {
            RoomServiceClient client =
                    RoomServiceClient.create(livekit.url(), livekit.apiKey(), livekit.apiSecret(), true);
            var response = client.createRoom("alignment", 300, 10, null, null, null, null, null, null)
                    .execute();
            assertThat(response.isSuccessful()).isTrue();
            assertThat(response.body().getName()).isEqualTo("alignment");
        }
    }
}
