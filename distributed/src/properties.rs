//! Properties (to come).
