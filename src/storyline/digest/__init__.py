"""What a reader reads first: the summary and the timeline."""
