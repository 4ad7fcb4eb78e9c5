package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributesJsonTest {

    @Test
    void writesSortedEscapedJsonAndReadsItBack() {
        Map<String, String> attributes = Map.of(
                "b", "quote \" backslash \\ slash /", "a", "line\nbreak\ttab\u0001", "emoji", "😀 ✓ é", "empty", "");
        String json = AttributesJson.write(attributes);
        assertThat(json).startsWith("{\"a\":\"line\\nbreak\\ttab\\u0001\",\"b\":");
        assertThat(AttributesJson.read(json)).isEqualTo(attributes);
        assertThat(AttributesJson.write(Map.of())).isEqualTo("{}");
        assertThat(AttributesJson.read(" { } ")).isEmpty();
        assertThat(AttributesJson.read("{ \"k\" : \"\\u00e9\\/\" }")).containsExactly(Map.entry("k", "é/"));
    }

    @Test
    void refusesWhatIsNotAnObjectOfStrings() {
        for (String bad : new String[] {
            "", "[]", "{\"k\":1}", "{\"k\":\"v\"", "{\"k\":\"v\"} x", "{\"k\":\"\\x\"}", "{\"k\":\"\\u12\"}"
        }) {
            assertThatThrownBy(() -> AttributesJson.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
