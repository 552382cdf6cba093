package dev.microledger.ledger.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Reads requests strictly and answers only what can be rendered, before anything changes:
 * <ul>
 *   <li>an unknown field is 400 {@code unknown_field} and a field given twice 400
 *       {@code duplicate_field}, so a misspelled {@code pending} never posts a payment;</li>
 *   <li>a request whose {@code Accept} admits no JSON is 406 before its handler runs, so a client
 *       that cannot read the answer has not paid;</li>
 *   <li>a body is read as JSON only: the other Jackson formats Spring would read (YAML, once a
 *       library brings it) are removed, so no body escapes the strict reading above.</li>
 * </ul>
 * Only the HTTP edge reads strictly: the mapper Axon stores events with keeps Spring's defaults.
 */
@Configuration
class StrictRequests implements WebMvcConfigurer {

    private static final List<MediaType> RENDERED = List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(converter -> converter instanceof AbstractJackson2HttpMessageConverter
                && !(converter instanceof MappingJackson2HttpMessageConverter));
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter json) {
                ObjectMapper strict = json.getObjectMapper().copy()
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                json.setObjectMapper(strict);
            }
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws HttpMediaTypeNotAcceptableException {
                // The ledger's own endpoints answer JSON only; the API document's pages (Swagger UI) are HTML.
                if (handler instanceof HandlerMethod method
                        && method.getBeanType().getPackageName().startsWith("dev.microledger")) {
                    requireJsonAccepted(request);
                }
                return true;
            }
        });
    }

    private static void requireJsonAccepted(HttpServletRequest request) throws HttpMediaTypeNotAcceptableException {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (IllegalArgumentException malformed) {
            throw new HttpMediaTypeNotAcceptableException("the Accept header cannot be read: " + accept);
        }
        for (MediaType type : accepted) {
            for (MediaType rendered : RENDERED) {
                if (type.isCompatibleWith(rendered) && type.getQualityValue() > 0) {
                    return;
                }
            }
        }
        throw new HttpMediaTypeNotAcceptableException(RENDERED);
    }
}
