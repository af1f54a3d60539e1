package io.triptych.models.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A report as an ordered list of blocks (headings, paragraphs, tables, figures), written both as Markdown and as a
 * self-contained HTML page. Figures are files next to the report (PNG or SVG), referenced relatively.
 */
public final class Report {
    private sealed interface Block permits Heading, Paragraph, Table, Figure {
    }

    private record Heading(int level, String text) implements Block {
    }

    private record Paragraph(String text) implements Block {
    }

    private record Table(List<String> header, List<List<String>> rows) implements Block {
    }

    private record Figure(String file, String caption) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public Report(String title) {
        this.title = title;
    }

    public Report heading(int level, String text) {
        if (level < 2 || level > 4) {
            throw new IllegalArgumentException("heading level must be 2..4 (1 is the title), got " + level);
        }
        blocks.add(new Heading(level, text));
        return this;
    }

    public Report paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    public Report table(List<String> header, List<List<String>> rows) {
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("table row has " + r.size() + " cells, header " + header.size());
            }
        }
        blocks.add(new Table(List.copyOf(header), rows.stream().map(List::copyOf).toList()));
        return this;
    }

    /** A figure file (relative to the report's folder) with its caption. */
    public Report figure(String file, String caption) {
        blocks.add(new Figure(file, caption));
        return this;
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            switch (b) {
                case Heading h -> sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
                case Paragraph p -> sb.append(p.text()).append("\n\n");
                case Table t -> {
                    sb.append("| ").append(String.join(" | ", t.header().stream().map(Report::mdCell).toList()))
                            .append(" |\n|");
                    sb.append("---|".repeat(t.header().size())).append('\n');
                    for (List<String> r : t.rows()) {
                        sb.append("| ").append(String.join(" | ", r.stream().map(Report::mdCell).toList()))
                                .append(" |\n");
                    }
                    sb.append('\n');
                }
                case Figure f -> sb.append("![").append(f.caption()).append("](").append(f.file()).append(")\n\n*")
                        .append(f.caption()).append("*\n\n");
            }
        }
        return sb.toString();
    }

    public String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(SvgChart.escape(title)).append("</title>\n<style>body{font-family:sans-serif;max-width:1000px;"
                        + "margin:2em auto;line-height:1.4}table{border-collapse:collapse;margin:1em 0}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f4f4f4}"
                        + "figure{display:inline-block;margin:0.5em}figcaption{font-size:90%;color:#444}"
                        + "img{image-rendering:pixelated;max-width:100%}</style></head><body>\n<h1>")
                .append(SvgChart.escape(title)).append("</h1>\n");
        for (Block b : blocks) {
            switch (b) {
                case Heading h -> sb.append("<h").append(h.level()).append('>').append(SvgChart.escape(h.text()))
                        .append("</h").append(h.level()).append(">\n");
                case Paragraph p -> sb.append("<p>").append(SvgChart.escape(p.text())).append("</p>\n");
                case Table t -> {
                    sb.append("<table><tr>");
                    t.header().forEach(c -> sb.append("<th>").append(SvgChart.escape(c)).append("</th>"));
                    sb.append("</tr>\n");
                    for (List<String> r : t.rows()) {
                        sb.append("<tr>");
                        r.forEach(c -> sb.append("<td>").append(SvgChart.escape(c)).append("</td>"));
                        sb.append("</tr>\n");
                    }
                    sb.append("</table>\n");
                }
                case Figure f -> sb.append("<figure><img src=\"").append(SvgChart.escape(f.file()))
                        .append("\" alt=\"").append(SvgChart.escape(f.caption())).append("\"><figcaption>")
                        .append(SvgChart.escape(f.caption())).append("</figcaption></figure>\n");
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String mdCell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** Writes report.md and report.html into {@code dir}, each atomically. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("report.md"), markdown());
        writeAtomically(dir.resolve("report.html"), html());
    }

    /** Writes text (UTF-8) to a temporary file beside {@code file} and moves it into place. */
    public static void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes to a temporary file beside {@code file} and moves it into place. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
