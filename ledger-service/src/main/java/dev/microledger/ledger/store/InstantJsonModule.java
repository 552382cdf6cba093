package dev.microledger.ledger.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import dev.microledger.events.InstantText;

import java.io.IOException;
import java.time.Instant;

/**
 * Reads the instants in stored events and snapshots with {@link InstantText}: every event
 * carries its time, the publisher reads every event back, and Jackson's own reader spends most
 * of its time in {@code DateTimeFormatter}. Anything other than a plain UTC instant string (a
 * number, an offset, a property with its own {@code @JsonFormat}) is read by Jackson's reader as
 * before, so every value reads as it did.
 */
class InstantJsonModule extends SimpleModule {

    InstantJsonModule() {
        super("micro-ledger-instants");
        addDeserializer(Instant.class, new UtcInstantDeserializer(InstantDeserializer.INSTANT));
    }

    private static final class UtcInstantDeserializer extends StdDeserializer<Instant>
            implements ContextualDeserializer {

        private final JsonDeserializer<Instant> standard;

        UtcInstantDeserializer(JsonDeserializer<Instant> standard) {
            super(Instant.class);
            this.standard = standard;
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                Instant instant = InstantText.parseCanonicalOrNull(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return standard.deserialize(parser, context);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = ((ContextualDeserializer) standard).createContextual(context, property);
            // A property with a format of its own is read by Jackson's reader alone.
            return contextual == standard ? this : contextual;
        }
    }
}
