package dev.microledger.ledger.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;

/** A request whose body stops being readable after a number of bytes, whatever its headers say. */
final class LimitedBodyRequest extends HttpServletRequestWrapper {

    private final long bytesMax;
    private ServletInputStream limited;

    LimitedBodyRequest(HttpServletRequest request, long bytesMax) {
        super(request);
        this.bytesMax = bytesMax;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (limited == null) {
            limited = new Limited(super.getInputStream(), bytesMax);
        }
        return limited;
    }

    private static final class Limited extends ServletInputStream {

        private final ServletInputStream body;
        private final long bytesMax;
        private long bytesRead;

        Limited(ServletInputStream body, long bytesMax) {
            this.body = body;
            this.bytesMax = bytesMax;
        }

        @Override
        public int read() throws IOException {
            int next = body.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = body.read(buffer, offset, length);
            if (read > 0) {
                count(read);
            }
            return read;
        }

        private void count(int bytes) throws IOException {
            bytesRead += bytes;
            if (bytesRead > bytesMax) {
                throw new IOException("request body larger than " + bytesMax + " bytes");
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
