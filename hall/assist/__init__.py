"""帮办代办 (DOMAIN.md rule 12): helpers on duty, a kiosk's call for a helper, and the
授权委托书 under which a helper takes tickets on a citizen's behalf."""
