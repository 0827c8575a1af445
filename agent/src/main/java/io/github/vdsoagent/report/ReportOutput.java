package io.github.vdsoagent.report;

import io.github.vdsoagent.files.AtomicFile;
import io.github.vdsoagent.flame.Collapsed;
import io.github.vdsoagent.flame.HtmlPage;
import io.github.vdsoagent.vocabulary.ReportFormat;
import io.github.vdsoagent.options.ReportTarget;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Renders a report in the chosen format and delivers it: to file descriptor 2, to a file, or nowhere. */
public final class ReportOutput {
    private static final PrintStream STDERR =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private ReportOutput() {
    }

    public static String render(HostSection host, CallSection calls, ReportFormat format) throws IOException {
        StringWriter out = new StringWriter();
        switch (format) {
            case JSON:
                JsonReport.write(host, calls, out);
                break;
            case COLLAPSED:
                Collapsed.write(calls.stacks().stacks(), out);
                break;
            case HTML:
                StringWriter json = new StringWriter();
                JsonReport.write(host, calls.kernelCheck(), calls, false, json);
                HtmlPage.write("vdso-agent: pid " + calls.pid() + ", " + calls.startedAt(), json.toString(),
                        calls.stacks().stacks(), out);
                break;
            default:
                TextReport.write(host, calls, false, out);
        }
        return out.toString();
    }

    public static void deliver(ReportTarget target, ReportFormat format, HostSection host, CallSection calls) throws IOException {
        if (target == ReportTarget.NONE) {
            return;
        }
        String report = render(host, calls, format);
        if (target.file() != null) {
            AtomicFile.write(target.file(), report.getBytes(StandardCharsets.UTF_8));
        } else {
            STDERR.print(report);
            STDERR.flush();
        }
    }
}
