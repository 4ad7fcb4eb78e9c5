package io.meetkit.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The join page is served without a login (it logs in itself) and loads livekit-client from the application, never
 * from a CDN. What the page does in a browser is {@link JoinPageBrowserTest}'s.
 */
@AppTest
class JoinPageTest {

    @LocalServerPort
    int port;

    @Test
    void pageAndItsScriptsAreServedFromTheApplication() {
        Http http = new Http(port);
        Http.Response page = http.get("/join.html", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.text()).contains("connection then fails");

        Matcher scripts = Pattern.compile("<script src=\"([^\"]+)\"").matcher(page.text());
        int count = 0;
        while (scripts.find()) {
            String src = scripts.group(1);
            assertThat(src).as("no CDN").doesNotContain("//");
            Http.Response script = http.get("/" + src, null);
            assertThat(script.status()).as(src).isEqualTo(200);
            assertThat(script.text()).as(src).isNotBlank();
            count++;
        }
        assertThat(count).isEqualTo(2);
        assertThat(http.get("/vendor/livekit-client-2.23.0/livekit-client.umd.js", null)
                        .text())
                .contains("LivekitClient");
        assertThat(http.get("/join.js", null).text())
                .contains("/api/meetings", "/token", "room.connect(grant.url, grant.token)");
    }
}
