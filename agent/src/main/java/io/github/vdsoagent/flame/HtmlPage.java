package io.github.vdsoagent.flame;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The report as one self-contained HTML page: the report's JSON and the stacks' compact form (FlameData) inside it,
 * and the page's own styles and scripts, kept as resources beside this class (page.html, page.css, tables.js,
 * flame.js), inlined. No network, no external script, style or font; the page's Content-Security-Policy forbids
 * any, so a page that tried would show it as an error in the browser's console.
 */
public final class HtmlPage {
    private HtmlPage() {
    }

    /**
     * @param title      the page's title
     * @param reportJson the report as JSON, without its stacks
     * @param stacks     the weighted stacks, for the flame graph
     */
    public static void write(String title, String reportJson, List<WeightedStack> stacks, Writer out)
            throws IOException {
        StringBuilder flame = new StringBuilder(64 * 1024 + stacks.size() * 64);
        FlameData.write(stacks, flame);
        StringBuilder titleText = new StringBuilder();
        escapeHtml(title, titleText);
        String page = resource("page.html")
                .replace("{{TITLE}}", titleText)
                .replace("/*{{CSS}}*/", resource("page.css"))
                .replace("/*{{TABLES_JS}}*/", resource("tables.js"))
                .replace("/*{{FLAME_JS}}*/", resource("flame.js"));
        int report = page.indexOf("{{REPORT}}");
        int data = page.indexOf("{{FLAME}}");
        out.write(page, 0, report);
        out.write(JsonText.safe(reportJson.trim()));
        out.write(page, report + "{{REPORT}}".length(), data - report - "{{REPORT}}".length());
        out.write(flame.toString());
        out.write(page, data + "{{FLAME}}".length(), page.length() - data - "{{FLAME}}".length());
        out.flush();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the agent's jar lacks its HTML resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void escapeHtml(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                default: out.append(c);
            }
        }
    }
}
