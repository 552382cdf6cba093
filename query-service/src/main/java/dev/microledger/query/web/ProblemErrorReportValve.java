package dev.microledger.query.web;

import dev.microledger.access.AccessProblems;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;

/**
 * Renders the errors Tomcat raises itself, before any of this service's code runs (an encoded
 * slash or an invalid percent escape in the path, an unreadable request line), as
 * problem+json instead of Tomcat's HTML page, so clients parse every error the same way.
 * Errors answered by the application have their body written already and pass untouched.
 * Public because Tomcat creates its host's error report valve from the class name.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String code = ProblemCode.forStatus(status).code();
        String body = "{\"type\":\"" + AccessProblems.TYPE_PREFIX + code + "\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"The server could not read the request: its URL or HTTP framing is not valid.\""
                + ",\"code\":\"" + code + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response is committed; there is no one left to tell.
        }
    }
}
