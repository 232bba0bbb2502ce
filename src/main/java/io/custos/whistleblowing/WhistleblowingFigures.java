package io.custos.whistleblowing;

import java.sql.Date;
import java.time.LocalDate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whistleblowing reports counted for the compliance map (issue 22, R-SUP-4): numbers only, nothing
 * of a report's words, its handler or its reporter.
 */
@Service
public class WhistleblowingFigures {

    private final JdbcClient jdbc;
    private final WhistleblowingProperties properties;

    WhistleblowingFigures(JdbcClient jdbc, WhistleblowingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Open reports with no answer to the reporter yet, received more than
     * {@code custos.whistleblowing.answer-days} days before the day: a whistleblower left without
     * word past the date they were promised one, who may stop trusting the channel.
     */
    @Transactional(readOnly = true)
    public int pastAnswerDate(LocalDate today) {
        return jdbc.sql("""
                select count(*) from whistle_report r where r.status = 'OPEN' and r.received_on < ?
                and not exists (select 1 from whistle_message m where m.report_id = r.id and m.author = 'ANSWER')""")
                .param(Date.valueOf(today.minusDays(properties.answerDays()))).query(Integer.class).single();
    }
}
