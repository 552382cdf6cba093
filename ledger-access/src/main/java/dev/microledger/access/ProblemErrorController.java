package dev.microledger.access;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import java.io.IOException;
import java.util.Map;

/**
 * The error page of both services, in place of Spring Boot's: a problem document with a code
 * and nothing of the service's insides. Asked for directly, {@code /error} is a path like any
 * other that has nothing behind it: 404.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(status instanceof Integer code)) {
            AccessProblems.write(request, response, 404, "not_found", "Not Found",
                    "there is no endpoint " + request.getMethod() + " " + request.getRequestURI(), Map.of());
            return;
        }
        HttpStatus known = HttpStatus.resolve(code);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = code >= 500 ? "the request failed on the server; it has been logged"
                : "the request could not be served: " + title;
        AccessProblems.write(request, response, code, codeFor(code), title, detail, Map.of());
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "validation_failed";
        };
    }
}
