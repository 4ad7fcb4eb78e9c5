package io.meetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.architecture.CompiledClasses;
import io.meetkit.participant.TokenRejectedException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every code MeetKit throws is in {@link ErrorCode}, and the docs list exactly the catalog. */
class ErrorCodeCatalogTest {

    @Test
    void everyCodeConstantOfEveryMeetingExceptionIsInTheCatalog() throws IllegalAccessException {
        List<Class<? extends MeetingException>> exceptions = meetingExceptionClasses();
        assertThat(exceptions)
                .as("MeetingException subclasses in meeting-core's classes")
                .contains(ConflictException.class, NotFoundException.class, TokenRejectedException.class);
        List<String> constants = new ArrayList<>(List.of(
                io.meetkit.recording.RecordingController.RECORDING_DISABLED,
                io.meetkit.recording.RecordingController.MEETING_NOT_LIVE,
                io.meetkit.participant.ParticipantTokens.ROLE_UNKNOWN));
        for (Class<?> c : exceptions) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == String.class) {
                    constants.add((String) f.get(null));
                }
            }
        }
        assertThat(constants)
                .hasSizeGreaterThanOrEqualTo(22)
                .allSatisfy(code -> assertThat(ErrorCode.of(code))
                        .as(code)
                        .hasValueSatisfying(e -> assertThat(e.restOnly()).isFalse()));
    }

    @Test
    void everyRejectionReasonHasItsCatalogCode() {
        for (TokenRejectedException.Reason r : TokenRejectedException.Reason.values()) {
            MeetingException e = new TokenRejectedException(r, "x");
            assertThat(e.errorCode().code())
                    .isEqualTo(e.code())
                    .isEqualTo(r.code())
                    .startsWith("token_");
        }
        for (WebhookRejectedException.Reason r : WebhookRejectedException.Reason.values()) {
            MeetingException e = new WebhookRejectedException(r, "x");
            assertThat(e.errorCode().code())
                    .isEqualTo(e.code())
                    .isEqualTo(r.code())
                    .startsWith("webhook_");
        }
    }

    @Test
    void aCodeOutsideTheCatalogCannotBeThrown() {
        assertThatThrownBy(() -> new ConflictException("made_up_code", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("made_up_code")
                .hasMessageContaining("io.meetkit.ErrorCode");
        assertThatThrownBy(() -> new PermissionDeniedException(ErrorCode.FORBIDDEN.code(), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REST API");
        assertThat(new ConflictException(ConflictException.STALE_VERSION, "x").errorCode())
                .isEqualTo(ErrorCode.STALE_VERSION);
    }

    @Test
    void codesAreUniqueLowerSnakeCaseWithAOneLineMeaning() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code))
                .doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z]+(_[a-z]+)*"));
        assertThat(ErrorCode.values())
                .allSatisfy(e -> assertThat(e.meaning()).isNotBlank().doesNotContain("\n"));
        assertThat(ErrorCode.of("no_such_code")).isEmpty();
    }

    @Test
    void theArchitectureTableListsExactlyTheCatalog() throws IOException {
        String doc = Files.readString(repositoryFile("docs/architecture.md"));
        int start = doc.indexOf("### Error codes");
        assertThat(start).as("the Error codes section").isNotNegative();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (.+?) \\|$").matcher(doc.substring(start));
        Map<String, String> documented = new LinkedHashMap<>();
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        Map<String, String> catalog = new LinkedHashMap<>();
        for (ErrorCode e : ErrorCode.values()) {
            catalog.put(e.code(), e.meaning());
        }
        assertThat(documented).containsExactlyEntriesOf(catalog);
    }

    @Test
    void theReadmesCodesAreInTheCatalog() throws IOException {
        String readme = Files.readString(repositoryFile("README.md"));
        int start = readme.indexOf("Errors are RFC 9457");
        assertThat(start).isNotNegative();
        String sentence = readme.substring(start, readme.indexOf("\n- ", start));
        Matcher code = Pattern.compile("`([a-z]+(?:_[a-z]+)*)`").matcher(sentence);
        List<String> codes = new ArrayList<>();
        while (code.find()) {
            if (!List.of("code", "violations").contains(code.group(1))) { // the problem's field names
                codes.add(code.group(1));
            }
        }
        assertThat(codes)
                .contains("invalid_request", "stale_version")
                .allSatisfy(c -> assertThat(ErrorCode.of(c)).as(c).isPresent());
    }

    private static Path repositoryFile(String path) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(path)) && Files.isRegularFile(dir.resolve("meetkit-bom/pom.xml"))) {
                return dir.resolve(path);
            }
        }
        throw new IllegalStateException("no " + path + " above " + Path.of("").toAbsolutePath());
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends MeetingException>> meetingExceptionClasses() {
        List<Class<? extends MeetingException>> result = new ArrayList<>();
        for (Path f : CompiledClasses.files()) {
            String name = CompiledClasses.className(f);
            if (name.endsWith("package-info")) {
                continue;
            }
            Class<?> c;
            try {
                c = Class.forName(name, false, MeetingException.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            if (MeetingException.class.isAssignableFrom(c) && c != MeetingException.class) {
                result.add((Class<? extends MeetingException>) c);
            }
        }
        return result;
    }
}
