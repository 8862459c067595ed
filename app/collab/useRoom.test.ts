import { describe, expect, it } from "vitest";
import { refusalNotice } from "./useRoom";

describe("refusalNotice", () => {
  it("turns the server's close reason into one plain sentence", () => {
    expect(refusalNotice("Change refused: Cardiology sits under itself (Medicine, Cardiology).")).toBe(
      "Your last change was not saved: Cardiology sits under itself (Medicine, Cardiology). The document has been reloaded as saved.",
    );
  });
  it("keeps a reason the server shortened, and copes with none", () => {
    expect(refusalNotice("Change refused: a very long reason…")).toBe("Your last change was not saved: a very long reason… The document has been reloaded as saved.");
    expect(refusalNotice("")).toBe("Your last change was not saved. The document has been reloaded as saved.");
  });
});
