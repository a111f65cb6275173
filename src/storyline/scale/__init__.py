"""Running a brief beyond one machine: `ray_runner` spreads it over a Ray cluster."""
