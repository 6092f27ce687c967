// Floating button shown when the user scrolled away from the live tail.
export function JumpToLatest({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="jump-latest" data-testid="jump-to-latest" onClick={onClick}>
      ↓ Jump to latest
    </button>
  );
}
