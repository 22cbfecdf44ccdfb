/**
 * `npm run week | head -3` closes the pipe before everything is written; the rest of the output is
 * simply unwanted, so stop quietly (as Unix tools do) rather than print an EPIPE stack trace.
 */
export function stopQuietlyWhenOutputCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
