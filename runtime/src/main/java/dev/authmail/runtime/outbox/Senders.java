package dev.authmail.runtime.outbox;

import java.util.Collection;
import java.util.List;

/**
 * The node's senders as the ledger sees them: what they hold (renewed every lease / 3), how much
 * they can take (claims), and where written outcomes go. {@link WorkerPool} is the one
 * implementation; {@link #NONE} is a node without senders.
 */
interface Senders {
  /** The most messages the node holds at once. */
  int capacity();

  /** The leases this node holds now. */
  Collection<Lease> held();

  /**
   * Called on the ledger's thread after outcomes were written (or given up).
   *
   * @param recorded whether they reached the database (else their leases will run out)
   */
  void written(List<Ledger.Done> dones, boolean recorded);

  /** How many more messages the node may hold now; 0 when it should not claim. */
  int room();

  /** Whether the senders are short of work, so even a small claim is worth a round. */
  boolean hungry();

  /**
   * How many senders are idle right now: that many of a claim's messages are recorded as started in
   * the claim's own round and handed to them directly (one round less per message when the node is
   * not busy).
   */
  int idleSenders();

  /**
   * Called on the ledger's thread after the claim committed; the first {@code started} messages
   * were recorded as started (their senders need not record it again).
   */
  void claimed(List<Claimed> messages, int started);

  /** A node without senders: accepts only. */
  Senders NONE =
      new Senders() {
        @Override
        public int capacity() {
          return 0;
        }

        @Override
        public Collection<Lease> held() {
          return List.of();
        }

        @Override
        public void written(List<Ledger.Done> dones, boolean recorded) {}

        @Override
        public int room() {
          return 0;
        }

        @Override
        public boolean hungry() {
          return false;
        }

        @Override
        public int idleSenders() {
          return 0;
        }

        @Override
        public void claimed(List<Claimed> messages, int started) {
          throw new IllegalStateException("a node without senders claims nothing");
        }
      };
}
