package dev.slt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchProgressTest {

    @Test
    void plainLinesAtEachTenthOncePerReadAndASummary() {
        StringWriter sw = new StringWriter();
        var p = new FetchProgress(new PrintWriter(sw, true), false);
        p.started("f.gz", URI.create("http://h/f.gz"), 10 << 20);
        p.progress("f.gz", 512 << 10, 10 << 20, 1_000_000_000L);  // 5%: below the first tenth, no line
        p.progress("f.gz", 5 << 20, 10 << 20, 2_000_000_000L);    // 50%: jumps five marks, one line
        p.progress("f.gz", (5 << 20) + 1, 10 << 20, 2_000_000_001L);  // still before 60%: no line
        p.progress("f.gz", 10 << 20, 10 << 20, 4_000_000_000L);   // the end: the summary says it
        p.verified("f.gz", 10 << 20, 4_000_000_000L);
        List<String> lines = sw.toString().lines().toList();
        assertEquals(3, lines.size(), sw.toString());
        assertEquals("f.gz: downloading http://h/f.gz (10.0 MiB)", lines.get(0));
        assertEquals("f.gz: 5.0 MiB of 10.0 MiB ( 50%) 2.5 MiB/s", lines.get(1));
        assertTrue(lines.get(2).startsWith("f.gz: 10.0 MiB in 4.0 s (2.5 MiB/s), checksum verified"), lines.get(2));
    }
}
