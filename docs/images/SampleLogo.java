import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws docs/images/sample-logo.png, the made-up "Acme" logo of the screenshots and of
 * examples/branding.yaml: {@code java docs/images/SampleLogo.java docs/images/sample-logo.png}.
 * 2x pixels (288×96) for a logo that the emails show 48 pixels high.
 */
public class SampleLogo {
  public static void main(String[] args) throws Exception {
    int w = 288;
    int h = 96;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);

    // The mark: a rounded square with a white peak.
    g.setPaint(new GradientPaint(0, 0, new Color(0x6366f1), 96, 96, new Color(0x4338ca)));
    g.fillRoundRect(4, 4, 88, 88, 24, 24);
    Path2D peak = new Path2D.Double();
    peak.moveTo(24, 72);
    peak.lineTo(48, 26);
    peak.lineTo(72, 72);
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke(9, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(peak);
    g.fillOval(42, 56, 12, 12);

    // The word mark.
    g.setColor(new Color(0x111827));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
    g.drawString("Acme", 108, 68);
    g.dispose();
    ImageIO.write(image, "png", new File(args[0]));
  }
}
