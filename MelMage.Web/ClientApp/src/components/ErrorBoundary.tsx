import { Component, type ReactNode } from "react";

/** Keeps a drawing that cannot be made (data the page does not understand) from blanking the whole page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (this.state.error) {
      return (
        <p className="error" role="alert">
          This answer cannot be drawn: {this.state.error.message}
        </p>
      );
    }
    return this.props.children;
  }
}
