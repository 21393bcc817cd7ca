package io.memrun.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.memrun.runtime.logs.LogShipper;
import org.slf4j.LoggerFactory;

/**
 * Hands every log line of a cloud worker process (memrun's own and its handler's, both through
 * SLF4J) at INFO or above to a {@link LogShipper}, which sends them to the scheduler for
 * {@code memrun cloud logs}. The console keeps getting them too.
 */
final class ShippingAppender extends AppenderBase<ILoggingEvent> {
    private final LogShipper shipper;

    private ShippingAppender(LogShipper shipper) {
        this.shipper = shipper;
    }

    /** Attaches a shipping appender to the root logger; returns it (detach it before closing the shipper). */
    static ShippingAppender attach(LogShipper shipper) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ShippingAppender a = new ShippingAppender(shipper);
        a.setContext(context);
        a.setName("memrun-ship");
        a.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // The handler's own INFO lines (its packages fall under the root logger) are what a user looks
        // for in memrun cloud logs; the libraries that are chatty keep their own, higher levels.
        root.setLevel(Level.INFO);
        root.addAppender(a);
        return a;
    }

    /** Stops shipping. */
    void detach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(this);
        stop();
    }

    @Override
    protected void append(ILoggingEvent e) {
        if (!e.getLevel().isGreaterOrEqual(Level.INFO)) {
            return;
        }
        String name = e.getLoggerName();
        StringBuilder text = new StringBuilder(name.substring(name.lastIndexOf('.') + 1)).append(" - ")
                .append(e.getFormattedMessage());
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            text.append('\n').append(ThrowableProxyUtil.asString(t));
        }
        shipper.offer(e.getTimeStamp(), e.getLevel().toString(), text.toString());
    }
}
