package io.meetkit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** When the readiness group gets MeetKit's indicator; the HTTP suite checks the groups Actuator then serves. */
class MeetKitHealthGroupsTest {

    static StandardEnvironment env(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new MeetKitHealthGroups().postProcessEnvironment(env, new SpringApplication());
        return env;
    }

    @Test
    @DisplayName("probes on: readiness = readinessState + meetkit; liveness is left alone")
    void probesOn() {
        StandardEnvironment env = env(Map.of("management.endpoint.health.probes.enabled", "true"));
        assertThat(env.getProperty(MeetKitHealthGroups.READINESS_INCLUDE)).isEqualTo("readinessState,meetkit");
        assertThat(env.containsProperty("management.endpoint.health.group.liveness.include"))
                .isFalse();
    }

    @Test
    @DisplayName("on Kubernetes (spring.main.cloud-platform) the probes are on without the property")
    void kubernetes() {
        assertThat(env(Map.of("spring.main.cloud-platform", "kubernetes"))
                        .getProperty(MeetKitHealthGroups.READINESS_INCLUDE))
                .isEqualTo("readinessState,meetkit");
    }

    @Test
    @DisplayName("without probes no readiness group is made up (its readinessState member would not exist)")
    void probesOff() {
        assertThat(env(Map.of()).containsProperty(MeetKitHealthGroups.READINESS_INCLUDE))
                .isFalse();
        assertThat(env(Map.of("management.endpoint.health.probes.enabled", "false"))
                        .containsProperty(MeetKitHealthGroups.READINESS_INCLUDE))
                .isFalse();
    }

    @Test
    @DisplayName("the application's own readiness group, or the switches, leave everything as it is")
    void applicationDecides() {
        assertThat(env(Map.of(
                                "management.endpoint.health.probes.enabled",
                                "true",
                                MeetKitHealthGroups.READINESS_INCLUDE,
                                "readinessState,db"))
                        .getProperty(MeetKitHealthGroups.READINESS_INCLUDE))
                .isEqualTo("readinessState,db");
        for (String off : new String[] {
            "management.health.meetkit.readiness", "management.health.meetkit.enabled", "meetkit.enabled"
        }) {
            assertThat(env(Map.of("management.endpoint.health.probes.enabled", "true", off, "false"))
                            .containsProperty(MeetKitHealthGroups.READINESS_INCLUDE))
                    .as(off)
                    .isFalse();
        }
    }
}
