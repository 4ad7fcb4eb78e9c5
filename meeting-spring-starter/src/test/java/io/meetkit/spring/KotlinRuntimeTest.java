package io.meetkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import kotlin.KotlinVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kotlin-stdlib this JVM really runs on is the one the build meant ({@code meetkit.expected-kotlin}): Kotlin 2.x
 * in the default run, Spring Boot 3.5's managed 1.9.25 in the {@code kotlin-1.9} run of the starter's POM, which runs
 * {@code MeetKitApiHttpTest} (rooms, participants, data, egress, webhooks, OkHttp 5 and its logging interceptor)
 * once more on it. Without this check that second run could silently be a copy of the first.
 */
class KotlinRuntimeTest {

    @Test
    @DisplayName("the running kotlin-stdlib is the expected one, and the only one on the classpath")
    void expectedKotlin() {
        String expected = System.getProperty("meetkit.expected-kotlin");
        assertThat(expected)
                .as("meetkit.expected-kotlin, set by the starter's surefire configuration")
                .isNotBlank();
        assertThat(KotlinVersion.CURRENT.toString()).isEqualTo(expected);
        assertThat(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(e -> new File(e).getName())
                        .filter(n -> n.startsWith("kotlin-stdlib")))
                .containsExactly("kotlin-stdlib-" + expected + ".jar");
    }
}
