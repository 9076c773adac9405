/**
 * The last error a desk met at its venue, for `/health`: when, which endpoint, and the venue's message
 * (never a secret: venue errors carry the venue's words and the endpoint, nothing of the request).
 */
import { VenueCallError } from "../venues/venue-error";

export class UpstreamErrors {
  last: { at: string; message: string } | null = null;

  note(error: VenueCallError): void {
    this.last = { at: new Date().toISOString(), message: `${error.detail.endpoint}: ${error.message}` };
  }

  /** Runs a venue call, noting its failure before passing it on. */
  async track<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof VenueCallError) this.note(error);
      throw error;
    }
  }
}
