package io.custos.customer;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.customer.destruction-journal}.
 *
 * @param destructionJournal the append-only file, outside the database, naming every customer
 *        destroyed (see {@link DestructionJournal}); each node writes its own
 */
@ConfigurationProperties("custos.customer")
record JournalProperties(@DefaultValue("./data/journal/destructions.log") Path destructionJournal) {
}
